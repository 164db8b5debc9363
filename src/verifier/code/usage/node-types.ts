/**
 * The node types each usage index looks at. One cursor walk per file collects exactly these (materialising a
 * tree-sitter node is the expensive part of a walk), and every index reads its own types from that table.
 */

export const CALL_TYPES = [
  'call',
  'call_expression',
  'new_expression',
  'method_invocation',
  'object_creation_expression',
  'invocation_expression',
  'function_call_expression',
  'member_call_expression',
  'nullsafe_member_call_expression',
  'scoped_call_expression',
] as const;

export const IMPORT_TYPES = [
  ...CALL_TYPES,
  'import_statement',
  'import_from_statement',
  'future_import_statement',
  'export_statement',
  'import_spec',
  'import_declaration',
  'using_directive',
  'use_declaration',
  'extern_crate_declaration',
  'namespace_use_declaration',
  'require_expression',
  'require_once_expression',
  'include_expression',
  'include_once_expression',
] as const;

export const ENV_TYPES = [
  ...CALL_TYPES,
  'subscript',
  'subscript_expression',
  'element_reference',
  'element_access_expression',
  'member_expression',
  'variable_declarator',
  'assignment_expression',
  'comparison_operator',
  'binary_expression',
  'macro_invocation',
  'field_declaration',
  'annotation',
  'marker_annotation',
  'attribute',
  'class_definition',
] as const;

export const MIDDLEWARE_TYPES = [
  ...CALL_TYPES,
  'decorated_definition',
  'assignment',
  'augmented_assignment',
  'assignment_expression',
  'augmented_assignment_expression',
  'variable_declarator',
  'property_element',
  'keyword_argument',
  'pair',
  'field_declaration',
  'const_item',
  'static_item',
  'object',
  'method_declaration',
] as const;

export const HEADER_TYPES = [
  ...CALL_TYPES,
  'array_expression',
  'assignment',
  'assignment_expression',
  'assignment_statement',
  'array',
  'object',
  'composite_literal',
  'variable_declarator',
  'const_item',
  'static_item',
  'const_spec',
  'const_declaration',
] as const;

/** Names and strings, read only when a check fails, to say "mentioned but not registered/set". */
export const MENTION_TYPES = [
  'identifier',
  'type_identifier',
  'constant',
  'name',
  'property_identifier',
  'field_identifier',
  'simple_symbol',
  'string',
  'string_literal',
  'encapsed_string',
  'interpreted_string_literal',
  'raw_string_literal',
] as const;

export const USAGE_TYPES: ReadonlySet<string> = new Set([
  ...IMPORT_TYPES,
  ...ENV_TYPES,
  ...MIDDLEWARE_TYPES,
  ...HEADER_TYPES,
]);
