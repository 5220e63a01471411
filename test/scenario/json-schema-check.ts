// A small JSON Schema (draft-07) validator covering the keywords our generated schema uses,
// so tests can check that files the loader accepts also pass in an editor, and vice versa.
type Schema = boolean | Record<string, unknown>;

const KNOWN = new Set([
  '$id', '$ref', '$schema', 'additionalProperties', 'allOf', 'anyOf', 'const', 'default', 'definitions',
  'description', 'enum', 'exclusiveMinimum', 'exclusiveMaximum', 'items', 'maxItems', 'maxLength', 'maximum',
  'minItems', 'minLength', 'minimum', 'oneOf', 'pattern', 'properties', 'propertyNames', 'required', 'title', 'type',
  'if', 'then', 'else',
]);

function typeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

function typeMatches(expected: string, value: unknown): boolean {
  const actual = typeOf(value);
  return expected === actual || (expected === 'number' && actual === 'integer');
}

/** Problems found (empty when valid): `path: keyword`. */
export function validate(schema: Schema, value: unknown, root: Record<string, unknown>, path = '$'): string[] {
  if (schema === true) return [];
  if (schema === false) return [`${path}: false schema`];
  for (const key of Object.keys(schema)) if (!KNOWN.has(key)) throw new Error(`unsupported keyword ${key}`);
  const errors: string[] = [];
  const s = schema as Record<string, any>;
  if (s.$ref !== undefined) {
    const name = String(s.$ref).replace('#/definitions/', '');
    errors.push(...validate((root.definitions as Record<string, Schema>)[name]!, value, root, path));
  }
  if (s.type !== undefined) {
    const types: string[] = Array.isArray(s.type) ? s.type : [s.type];
    if (!types.some((t) => typeMatches(t, value))) return [...errors, `${path}: type ${types.join('|')}`];
  }
  if (s.const !== undefined && s.const !== value) errors.push(`${path}: const`);
  if (s.enum !== undefined && !s.enum.includes(value)) errors.push(`${path}: enum`);
  if (typeof value === 'string') {
    if (s.pattern !== undefined && !new RegExp(s.pattern, 'u').test(value)) errors.push(`${path}: pattern`);
    if (s.minLength !== undefined && value.length < s.minLength) errors.push(`${path}: minLength`);
    if (s.maxLength !== undefined && value.length > s.maxLength) errors.push(`${path}: maxLength`);
  }
  if (typeof value === 'number') {
    if (s.minimum !== undefined && value < s.minimum) errors.push(`${path}: minimum`);
    if (s.maximum !== undefined && value > s.maximum) errors.push(`${path}: maximum`);
    if (s.exclusiveMinimum !== undefined && value <= s.exclusiveMinimum) errors.push(`${path}: exclusiveMinimum`);
    if (s.exclusiveMaximum !== undefined && value >= s.exclusiveMaximum) errors.push(`${path}: exclusiveMaximum`);
  }
  if (Array.isArray(value)) {
    if (s.minItems !== undefined && value.length < s.minItems) errors.push(`${path}: minItems`);
    if (s.maxItems !== undefined && value.length > s.maxItems) errors.push(`${path}: maxItems`);
    if (s.items !== undefined) value.forEach((item, i) => errors.push(...validate(s.items, item, root, `${path}[${i}]`)));
  }
  if (typeOf(value) === 'object') {
    const object = value as Record<string, unknown>;
    for (const key of s.required ?? []) if (!(key in object)) errors.push(`${path}.${key}: required`);
    for (const [key, item] of Object.entries(object)) {
      if (s.propertyNames !== undefined) errors.push(...validate(s.propertyNames, key, root, `${path}.${key}(name)`));
      if (s.properties?.[key] !== undefined) errors.push(...validate(s.properties[key], item, root, `${path}.${key}`));
      else if (s.additionalProperties !== undefined) {
        errors.push(...validate(s.additionalProperties, item, root, `${path}.${key}`));
      }
    }
  }
  if (s.if !== undefined) {
    const branch = validate(s.if, value, root, path).length === 0 ? s.then : s.else;
    if (branch !== undefined) errors.push(...validate(branch, value, root, path));
  }
  if (s.allOf !== undefined) for (const sub of s.allOf) errors.push(...validate(sub, value, root, path));
  if (s.anyOf !== undefined && !s.anyOf.some((sub: Schema) => validate(sub, value, root, path).length === 0)) {
    errors.push(`${path}: anyOf`);
  }
  if (s.oneOf !== undefined && s.oneOf.filter((sub: Schema) => validate(sub, value, root, path).length === 0).length !== 1) {
    errors.push(`${path}: oneOf`);
  }
  return errors;
}
