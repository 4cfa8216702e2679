/**
 * The prompt a console adapter shows on the terminal while it waits for a command. Other output to
 * the same terminal (log lines on stderr) steps around it: the prompt line is wiped, the output is
 * written, and the prompt is drawn again below it, so a log line never starts after "ree> ". One
 * terminal per process, so one prompt: whoever shows it registers it here.
 */
export interface PromptLine {
  /** Wipes the prompt if it is showing. */
  hide(): void;
  /** Draws it again if it was showing. */
  show(): void;
}

let active: PromptLine | undefined;

export function setActivePrompt(prompt: PromptLine | undefined): void {
  active = prompt;
}

export function activePrompt(): PromptLine | undefined {
  return active;
}

/** Runs `write` with the prompt (if any) out of the way, then puts the prompt back. */
export function writeAroundPrompt(write: () => void): void {
  const prompt = active;
  prompt?.hide();
  try {
    write();
  } finally {
    prompt?.show();
  }
}
