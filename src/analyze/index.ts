// The analyze stage (DESIGN.md section 4): the back ends the settings chose (backends.ts).
export { type BackendSettings, createBackends } from './backends';
