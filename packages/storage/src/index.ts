export * from './s3.js';
export * from './keys.js';
export * from './objects.js';
export * from './sigv4.js';
export * from './presign.js';
export * from './copy.js';
export * from './gateway.js';
