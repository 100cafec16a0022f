/** One shared hover read-out, positioned next to the pointer. */
import { h, setText } from '../lib/dom';

let tooltip: HTMLElement | null = null;

function element(): HTMLElement {
  if (!tooltip || !tooltip.isConnected) {
    tooltip = h('div', { id: 'tooltip', class: 'tooltip', role: 'tooltip' });
    tooltip.hidden = true;
    document.body.append(tooltip);
  }
  return tooltip;
}

export function showTooltip(text: string, clientX: number, clientY: number): void {
  const tip = element();
  setText(tip, text);
  tip.hidden = false;
  const x = Math.min(clientX + 12, window.innerWidth - tip.offsetWidth - 4);
  const y = clientY + 16 + tip.offsetHeight > window.innerHeight ? clientY - tip.offsetHeight - 8 : clientY + 16;
  tip.style.left = `${Math.max(0, x)}px`;
  tip.style.top = `${Math.max(0, y)}px`;
}

export function hideTooltip(): void {
  if (tooltip) tooltip.hidden = true;
}
