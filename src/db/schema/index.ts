export * from './assertions.js';
export * from './findings.js';
export * from './identity.js';
export * from './jobs.js';
export * from './models.js';
export * from './verification.js';
export * from './workspace-settings.js';
