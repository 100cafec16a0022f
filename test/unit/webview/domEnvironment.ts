/**
 * A happy-dom window installed as the global DOM for webview tests, with a recording stand-in for the 2-D canvas
 * context (happy-dom draws nothing): putImageData keeps the last image per canvas so tests can read the pixels.
 */
import { Window } from 'happy-dom';

export interface DrawnImage { width: number; height: number; data: Uint8ClampedArray }

/** Last image each canvas received through putImageData. */
export const drawnImages = new WeakMap<object, DrawnImage>();

/** A text a canvas drew with fillText, with the alignment it was drawn with (uPlot: tick labels of a left axis are right-aligned). */
export interface DrawnText { text: string; align: string; x: number; y: number }

/** Texts each canvas drew since its last clearRect of the whole canvas (uPlot clears before each redraw). */
export const drawnTexts = new WeakMap<object, DrawnText[]>();

const GLOBALS = [
  'window', 'document', 'navigator', 'Node', 'Element', 'HTMLElement', 'HTMLCanvasElement', 'Event', 'MouseEvent', 'KeyboardEvent',
  'MessageEvent', 'CustomEvent', 'MutationObserver', 'ResizeObserver', 'getComputedStyle', 'requestAnimationFrame',
  'cancelAnimationFrame', 'devicePixelRatio', 'matchMedia', 'performance',
] as const;

function fakeContext(canvas: object): unknown {
  const target: Record<string, unknown> = {
    canvas,
    createImageData: (width: number, height: number): DrawnImage => ({ width, height, data: new Uint8ClampedArray(width * height * 4) }),
    putImageData: (image: DrawnImage) => { drawnImages.set(canvas, { width: image.width, height: image.height, data: image.data.slice() }); },
    getImageData: (_x: number, _y: number, width: number, height: number): DrawnImage => drawnImages.get(canvas) ?? { width, height, data: new Uint8ClampedArray(width * height * 4) },
    measureText: (text: string) => ({ width: text.length * 6, actualBoundingBoxAscent: 8, actualBoundingBoxDescent: 2 }),
    fillText: (text: string, x: number, y: number) => { drawnTexts.set(canvas, [...(drawnTexts.get(canvas) ?? []), { text: String(text), align: String(target.textAlign ?? 'start'), x, y }]); },
    clearRect: (x: number, y: number) => { if (x === 0 && y === 0) drawnTexts.set(canvas, []); },
  };
  return new Proxy(target, { get: (t, key: string) => (key in t ? t[key] : () => undefined), set: (t, key: string, value) => { t[key] = value; return true; } });
}

/** Installs the DOM globals (before any module that reads them at import time is loaded); returns the uninstaller. */
export function installDom(bodyClass = 'vscode-dark'): { window: Window; uninstall(): void } {
  const window = new Window({ url: 'https://webview.test/', width: 1200, height: 900 });
  const saved = new Map<string, PropertyDescriptor | undefined>();
  const scope = globalThis as Record<string, unknown>;
  for (const name of GLOBALS) {
    saved.set(name, Object.getOwnPropertyDescriptor(globalThis, name));
    const value = (window as unknown as Record<string, unknown>)[name];
    Object.defineProperty(globalThis, name, { value: typeof value === 'function' && /^[a-z]/.test(name) ? value.bind(window) : value, configurable: true, writable: true });
  }
  const contexts = new WeakMap<object, unknown>();
  (window.HTMLCanvasElement.prototype as unknown as { getContext: (this: object) => unknown }).getContext = function (this: object) {
    if (!contexts.has(this)) contexts.set(this, fakeContext(this));
    return contexts.get(this);
  };
  /** uPlot builds paths with Path2D, which happy-dom lacks: a recorder that draws nothing. */
  class Path2D { moveTo() {} lineTo() {} rect() {} arc() {} closePath() {} bezierCurveTo() {} quadraticCurveTo() {} addPath() {} }
  saved.set('Path2D', Object.getOwnPropertyDescriptor(globalThis, 'Path2D'));
  Object.defineProperty(globalThis, 'Path2D', { value: Path2D, configurable: true, writable: true });
  const document = window.document;
  Object.defineProperty(document, 'compatMode', { value: 'CSS1Compat', configurable: true }); // KaTeX refuses quirks mode
  document.body.className = bodyClass;
  return {
    window,
    uninstall() {
      for (const [name, descriptor] of saved) {
        if (descriptor) Object.defineProperty(globalThis, name, descriptor);
        else delete scope[name];
      }
      void window.happyDOM.close();
    },
  };
}
