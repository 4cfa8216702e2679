import { afterAll } from 'vitest';
import { closeTestStorages } from './storage.js';

// The PostgreSQL project's pools outlive each test; a file's run ends with them closed.
afterAll(closeTestStorages);
