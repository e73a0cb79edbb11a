import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { AppUpdates } from './offline/AppUpdates';
import './styles.css';
import { installSandboxTestHook } from './testHook';

installSandboxTestHook();

const root = document.getElementById('root');
if (root === null) throw new Error('index.html has no #root element');
createRoot(root).render(
  <StrictMode>
    <App />
    <AppUpdates />
  </StrictMode>,
);
