import { CliError } from './errors.js';

/** One choice of a select prompt. */
export interface Choice<T extends string> {
  value: T;
  label: string;
  hint?: string;
}

/** The questions `configure` and `destroy` ask; clack on a terminal, a scripted fake in tests. */
export interface Prompter {
  text(options: {
    message: string;
    initialValue?: string;
    placeholder?: string;
    validate?: (value: string) => string | undefined;
  }): Promise<string>;
  select<T extends string>(options: { message: string; choices: Choice<T>[]; initialValue?: T }): Promise<T>;
  multiselect<T extends string>(options: {
    message: string;
    choices: Choice<T>[];
    initialValues?: T[];
  }): Promise<T[]>;
  confirm(options: { message: string; initialValue?: boolean }): Promise<boolean>;
}

const cancelled = (): CliError =>
  new CliError(
    {
      id: 'CANCELLED',
      category: 'user',
      exitCode: 130,
      hint: 'run the command again, or pass every answer as a flag',
    },
    'cancelled',
  );

/**
 * A {@link Prompter} on `@clack/prompts` (loaded on first use). Ctrl-C cancels with exit code 130.
 * @example const name = await (await clackPrompter()).text({ message: 'Agent name?' });
 */
export async function clackPrompter(): Promise<Prompter> {
  const clack = await import('@clack/prompts');
  const check = <T>(value: T): Exclude<T, symbol> => {
    if (clack.isCancel(value)) throw cancelled();
    return value as Exclude<T, symbol>;
  };
  return {
    async text({ message, initialValue, placeholder, validate }) {
      return check(
        await clack.text({
          message,
          ...(initialValue === undefined ? {} : { initialValue }),
          ...(placeholder === undefined ? {} : { placeholder }),
          ...(validate ? { validate: (value) => validate(value ?? '') } : {}),
        }),
      );
    },
    async select({ message, choices, initialValue }) {
      const options = choices.map((choice) => ({
        value: choice.value,
        label: choice.label,
        hint: choice.hint,
      }));
      // clack's Option type is conditional on the value type; our values are always strings.
      return check(
        await clack.select<typeof initialValue & string>({
          message,
          options: options as never,
          initialValue,
        }),
      );
    },
    async multiselect({ message, choices, initialValues }) {
      const options = choices.map((choice) => ({
        value: choice.value,
        label: choice.label,
        hint: choice.hint,
      }));
      return check(
        await clack.multiselect({ message, options: options as never, initialValues, required: false }),
      );
    },
    async confirm({ message, initialValue }) {
      return check(await clack.confirm({ message, ...(initialValue === undefined ? {} : { initialValue }) }));
    },
  };
}

/**
 * A prompter for non-interactive runs: every question fails with a message naming the flag to pass.
 * @example const prompter = noPrompter(); // await prompter.confirm(...) throws NOT_INTERACTIVE
 */
export function noPrompter(): Prompter {
  const fail = (message: string): never => {
    throw new CliError(
      {
        id: 'NOT_INTERACTIVE',
        category: 'user',
        exitCode: 2,
        hint: 'pass the answer as a flag (see --help), or run in a terminal to be asked',
      },
      `cannot ask "${message}": standard input is not a terminal`,
    );
  };
  return {
    text: async ({ message }) => fail(message),
    select: async ({ message }) => fail(message),
    multiselect: async ({ message }) => fail(message),
    confirm: async ({ message }) => fail(message),
  };
}
