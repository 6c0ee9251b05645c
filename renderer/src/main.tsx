/** Renderer entry: connect to the station (Electron IPC or the headless bridge), wire the stores, render. */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createLink } from './api/create-link.js';
import { App } from './app.js';
import { wireStores } from './stores/wire.js';
import './styles/theme.css';
import './styles/observe.css';

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
wireStores(createLink());
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
