import type { KeyStore } from "../keys/virtual-key.js";
import type { SpendStore } from "./spend-store.js";

/** What `createStore`, `createSqliteStore` and `createPostgresStore` return: spend logs and virtual keys in one database. */
export type GatewayStore = SpendStore & KeyStore;
