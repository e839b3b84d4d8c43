import { z } from 'zod';

const path = z
  .string()
  .min(1)
  .max(4096)
  .refine((value) => !value.includes('\0'), 'a path cannot contain a NUL character');
const paths = z.array(path).min(1).max(100);
const base64 = z
  .string()
  .max(140_000_000)
  .regex(/^[A-Za-z0-9+/]*={0,2}$/, 'blob must be base64');

const fileContent = z
  .object({
    path: path.describe('Path of the file, relative to the working directory or absolute.'),
    text: z.string().max(100_000_000).optional().describe('Text to write.'),
    blob: base64.optional().describe('Bytes to write, base64-encoded (instead of text).'),
  })
  .refine(
    (file) => !(file.text !== undefined && file.blob !== undefined),
    'give either text or blob, not both',
  );

/**
 * The tool's input, validated: a discriminated union on `action`, so that each action gets exactly
 * the fields it needs (AgentCore Code Interpreter's operation names and argument names).
 */
export const codeInterpreterInputSchema = z.discriminatedUnion('action', [
  z.object({
    action: z.literal('executeCode'),
    code: z.string().min(1, 'code cannot be empty').max(10_000_000),
    language: z.enum(['python', 'javascript']).default('python'),
    clearContext: z.boolean().default(false),
  }),
  z.object({
    action: z.literal('executeCommand'),
    command: z.string().min(1, 'command cannot be empty').max(100_000),
  }),
  z.object({ action: z.literal('readFiles'), paths }),
  z.object({ action: z.literal('writeFiles'), content: z.array(fileContent).min(1).max(100) }),
  z.object({ action: z.literal('listFiles'), directoryPath: z.string().max(4096).default('') }),
  z.object({ action: z.literal('removeFiles'), paths }),
]);

/** A validated tool input. */
export type CodeInterpreterInput = z.infer<typeof codeInterpreterInputSchema>;

/**
 * The input as models see it (its JSON Schema is the tool's `inputSchema`): one flat object,
 * because model APIs (Bedrock Converse for Anthropic models, OpenAI function calling) want
 * `type: "object"` at the root, not a `oneOf`. `codeInterpreterInputSchema` then checks each
 * action's own fields.
 */
export const codeInterpreterToolInput = z.object({
  action: z
    .enum(['executeCode', 'executeCommand', 'readFiles', 'writeFiles', 'listFiles', 'removeFiles'])
    .describe('What to do.'),
  code: z.string().optional().describe('executeCode: the code to run. print() what you want to see.'),
  language: z
    .enum(['python', 'javascript'])
    .optional()
    .describe(
      'executeCode: python (default; standard library only) or javascript (ECMAScript, no Node APIs).',
    ),
  clearContext: z.boolean().optional().describe('executeCode: forget the variables of earlier calls first.'),
  command: z
    .string()
    .optional()
    .describe('executeCommand: a command line, e.g. `python script.py` or `ls`. No pipes or redirections.'),
  paths: z.array(z.string()).optional().describe('readFiles, removeFiles: file paths.'),
  content: z
    .array(
      z.object({
        path: z.string(),
        text: z.string().optional(),
        blob: z.string().optional().describe('base64 bytes, instead of text'),
      }),
    )
    .optional()
    .describe('writeFiles: the files to write.'),
  directoryPath: z
    .string()
    .optional()
    .describe('listFiles: the directory to list (default: the working directory).'),
});
