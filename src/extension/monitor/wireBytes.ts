/** The size of a message posted to a webview as it travels: its JSON text, with each typed array at its byte length (sent binary). */
export function wireBytes(message: unknown): number {
  let binary = 0;
  const json = JSON.stringify(message, (_key, value: unknown) => {
    if (!ArrayBuffer.isView(value)) return value;
    binary += value.byteLength;
    return 0;
  });
  return (json?.length ?? 0) + binary;
}
