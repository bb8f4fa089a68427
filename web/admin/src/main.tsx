import { render } from 'preact';
import { App } from './App.js';

const root = document.getElementById('admin-root');
if (root && root.dataset.signedIn === 'true') {
  root.textContent = '';
  render(<App />, root);
}
