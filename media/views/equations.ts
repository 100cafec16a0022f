/** The four backpropagation equations (Nielsen, chap. 2) as KaTeX, rendered into DOM nodes (no HTML strings). */
import katex from 'katex';
import { h } from '../lib/dom';

export const EQUATIONS = {
  loss: String.raw`E = \tfrac{1}{m}\textstyle\sum_{c=1}^{m} \ell(a^L_c, y_c)`,
  bp1: String.raw`\delta^L = \nabla_a E \odot \sigma'(z^L)`,
  bp1Softmax: String.raw`\delta^L = J_{\mathrm{softmax}}(z^L)^{\mathsf T}\,\nabla_a E`,
  bp2: String.raw`\delta^l = \big((W^{l+1})^{\mathsf T}\delta^{l+1}\big) \odot \sigma'(z^l)`,
  bp3: String.raw`\partial E / \partial b^l_j = \delta^l_j`,
  bp4: String.raw`\partial E / \partial w^l_{jk} = a^{l-1}_k\,\delta^l_j`,
  norm: String.raw`\lVert\delta^l\rVert = \lVert\delta^l\rVert_F / \sqrt{m}`,
  relError: String.raw`\frac{|g_a - g_n|}{\max(|g_a|, |g_n|)},\; g_n = \frac{E(\theta+\varepsilon) - E(\theta-\varepsilon)}{2\varepsilon}`,
  upstream: String.raw`(W^{l+1})^{\mathsf T}\delta^{l+1}`,
  gradient: String.raw`\nabla_a E`,
  sigmaPrime: String.raw`\sigma'(z^l)`,
  delta: String.raw`\delta^l`,
} as const;

/** A <span> holding the rendered formula (falls back to the TeX source if KaTeX rejects it). */
export function tex(source: string, className = 'equation'): HTMLElement {
  const span = h('span', { class: className, 'data-tex': source });
  try {
    katex.render(source, span, { throwOnError: true, output: 'htmlAndMathml' });
  } catch {
    span.textContent = source;
  }
  return span;
}
