import { functionWiring } from './function-wiring';

export const alertWiring = functionWiring('alert', []);
