import { defineConfig } from 'vitest/config';
import { workspaceVitest } from '../../vitest.shared.js';

export default defineConfig(workspaceVitest({ intSetupFiles: ['test/contract-setup.ts'], intIsolate: false }));
