// Preloaded with --import into a process the benchmark does not own (the CLI): prints its peak RSS on exit.
process.on('exit', () => console.log(JSON.stringify({ peakRssMB: process.resourceUsage().maxRSS / 1024 })));
