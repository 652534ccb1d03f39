import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.tsx';
import './estilos.css';

const raiz = document.getElementById('raiz');
if (!raiz) throw new Error('elemento #raiz ausente em index.html');
createRoot(raiz).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
