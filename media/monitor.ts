/** Webview entry of the training monitor panel (bundled as an IIFE into dist/media/monitor.js, CSS into monitor.css). */
import 'katex/dist/katex.min.css';
import 'uplot/dist/uPlot.min.css';
import './styles/monitor.css';
import { createMonitorApp } from './monitorApp';
import { vscodeTransport } from './lib/transport';

const root = document.getElementById('root');
if (root) createMonitorApp(root, vscodeTransport());
