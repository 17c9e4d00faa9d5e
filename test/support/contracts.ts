/** The routes' contracts as the tests build them: the signer's schema from the configured UK data. */
import { loadConfig } from "../../shared/config.ts";
import { loadUkData } from "../../shared/geo/uk-data.ts";
import { signerSchema } from "../../shared/signatures/submitted-fields.ts";

export const testSigner = () => signerSchema(loadUkData(loadConfig(["DATA_DIR"]).DATA_DIR));
