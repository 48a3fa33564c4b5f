export { createSimulator, startSimulator } from "./simulator.js";
export { SIMULATOR_API_KEY, SIMULATOR_CREDENTIALS } from "./credentials.js";
export type {
  AuthMode,
  Fault,
  FaultAction,
  FaultMatch,
  ModelFamily,
  OperationName,
  RecordedRequest,
  ServiceName,
  Simulator,
  SimulatorCredentials,
  SimulatorOptions,
} from "./types.js";
