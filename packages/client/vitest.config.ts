import { defineConfig } from 'vitest/config';
import { workspaceVitest } from '../../vitest.shared.js';

export default defineConfig(workspaceVitest());
