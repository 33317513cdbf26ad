// Types for config-validator.generated.js, which scripts/generate-config-validator.mjs writes from
// schemas/config.schema.json (ajv standalone code). Written by hand: the generator emits JavaScript only.
import type { ErrorObject } from 'ajv';

/**
 * True when the value matches the schema. Otherwise `errors` holds the first error, with the failing
 * schema and value on it (`verbose`), as `schemaErrorToInputError` expects.
 */
export interface ConfigValidateFunction {
  (data: unknown): boolean;
  errors?: ErrorObject[] | null;
}

export declare const validate: ConfigValidateFunction;
export default validate;
