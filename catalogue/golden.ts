/** Where the catalogue's golden (shrunk) traces live: product data, next to the catalogue that names them. */
import { join } from "node:path";

export const GOLDEN_DIR = join(import.meta.dirname, "golden");
