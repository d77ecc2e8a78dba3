export * from './box.js';
