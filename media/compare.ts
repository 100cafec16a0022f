/** Webview entry of the Compare Runs panel (bundled as an IIFE into dist/media/compare.js, CSS into compare.css). */
import 'uplot/dist/uPlot.min.css';
import './styles/compare.css';
import { createCompareApp } from './compareApp';
import { vscodeTransport } from './lib/transport';

const root = document.getElementById('root');
if (root) createCompareApp(root, vscodeTransport());
