/** Small DOM helpers: element creation without innerHTML (no markup parsing, nothing for a CSP to object to). */

type Attributes = Record<string, string | number | boolean | undefined>;

/** Creates <tag> with attributes (false/undefined skipped, true → empty) and text or element children. */
export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attributes: Attributes = {}, ...children: (Node | string)[]): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === false || value === undefined) continue;
    element.setAttribute(name, value === true ? '' : String(value));
  }
  element.append(...children);
  return element;
}

/** Sets an element's text only when it changed (avoids layout work on every frame). */
export function setText(element: Element, text: string): void {
  if (element.textContent !== text) element.textContent = text;
}

const images = new WeakMap<HTMLCanvasElement, ImageData>();

/** Draws RGBA pixels (cols × rows) onto a canvas whose intrinsic size becomes cols × rows (the ImageData is reused). */
export function putPixels(canvas: HTMLCanvasElement, cols: number, rows: number, fill: (pixels: Uint8ClampedArray) => void): void {
  const width = Math.max(1, cols), height = Math.max(1, rows);
  if (canvas.width !== width) canvas.width = width;
  if (canvas.height !== height) canvas.height = height;
  const context = canvas.getContext('2d');
  if (!context) return;
  let image = images.get(canvas);
  if (!image || image.width !== width || image.height !== height) images.set(canvas, (image = context.createImageData(width, height)));
  if (cols > 0 && rows > 0) fill(image.data);
  else image.data.fill(0);
  context.putImageData(image, 0, 0);
}

/** A CSS custom property's value on <body> (e.g. --vscode-foreground), or the fallback. */
export function cssVariable(name: string, fallback: string): string {
  return getComputedStyle(document.body).getPropertyValue(name).trim() || fallback;
}
