/** UTF-8 text ↔ bytes through the platform's TextEncoder/TextDecoder (Node, browsers and workers have them; ES2022's lib does not declare them). */
declare const TextEncoder: { new (): { encode(text: string): Uint8Array } };
declare const TextDecoder: { new (): { decode(bytes: Uint8Array): string } };

export function utf8Bytes(text: string): Uint8Array { return new TextEncoder().encode(text); }

export function utf8Text(bytes: Uint8Array): string { return new TextDecoder().decode(bytes); }
