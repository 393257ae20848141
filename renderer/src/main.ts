/// <reference types="vite/client" />
import { mount } from 'svelte';
import App from './components/App.svelte';
import { installTestHooks } from './testing/hooks.js';
import './styles.css';

// A test build (`vite build --mode e2e`) opens the editor to the e2e tests and the UI
// benchmark; in the product build the condition is false at build time, so the hooks'
// module is left out of the bundle.
const onready = import.meta.env.MODE === 'e2e' ? installTestHooks : undefined;
mount(App, { target: document.getElementById('app')!, props: { onready } });
