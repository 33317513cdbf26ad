// Types for generate-config-validator.mjs, which __tests__/plan/config-validator-generated.test.ts imports.
export declare const SCHEMA_PATH: string;
export declare const OUTPUT_PATH: string;
export declare const VALIDATOR_OPTIONS: {
  allErrors: boolean;
  verbose: boolean;
  strict: boolean;
  allowUnionTypes: boolean;
  code: { source: boolean; esm: boolean; lines: boolean };
};
/** The text of src/plan/config-validator.generated.js for a schema (parsed JSON). */
export declare function generateConfigValidator(schema: unknown): string;
