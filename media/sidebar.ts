/** Webview entry of the sidebar view (bundled as an IIFE into dist/media/sidebar.js, CSS into sidebar.css). */
import './styles/sidebar.css';
import { createSidebarApp } from './sidebarApp';
import { vscodeTransport } from './lib/transport';

const root = document.getElementById('root');
if (root) createSidebarApp(root, vscodeTransport());
