/** The error classes of SPEC §8 (and a few more this pipeline meets). */
export type ErrorClass =
  | 'ollama_unreachable' | 'model_missing' | 'timeout' | 'gpu_oom' | 'cuda_error' | 'onnx_runtime' | 'image_corrupt' | 'image_too_large'
  | 'disk_full' | 'permission_denied' | 'database_locked' | 'ftp_auth' | 'ftp_connect' | 'mysql_auth' | 'mysql_connect' | 'mysql_schema'
  | 'filename_collision' | 'config_invalid' | 'unknown';

/** What triage concludes about one error. */
export interface Analysis {
  readonly error_type: ErrorClass;
  readonly description: string;
  readonly confidence: number;
  readonly suggestions: readonly string[];
}

/** The facts one error gives: its code (ours), message and exception type. */
export interface ErrorFacts {
  readonly code: string | null;
  readonly message: string;
  readonly exceptionType?: string | null;
  readonly stage?: string | null;
}

interface Rule {
  readonly type: ErrorClass;
  readonly codes: readonly string[];
  readonly pattern: RegExp | null;
  readonly description: string;
  readonly suggest: (facts: ErrorFacts) => string[];
}

const first = (text: string, pattern: RegExp): string | null => pattern.exec(text)?.[1] ?? null;
const host = (m: string) => first(m, /\b((?:https?|ftp|mysql):\/\/[^\s'",)]+|\d{1,3}(?:\.\d{1,3}){3}(?::\d+)?|[a-z0-9-]+(?:\.[a-z0-9-]+)+:\d+)\b/i);

const RULES: readonly Rule[] = [
  {
    type: 'model_missing', codes: ['OLLAMA_MODEL_MISSING'], pattern: /model ["']?[\w.:/-]+["']?[^;]*? not (?:found|installed)|try pulling it first|cannot read images|OLLAMA_MODEL_MISSING/i,
    description: 'The caption model is not installed on the Ollama host (or cannot read images).',
    suggest: (f) => {
      const model = first(f.message, /model ["']?([\w.:/-]+)["']?/i) ?? '<model>';
      const on = host(f.message);
      return [`ollama pull ${model}${on ? ` (on ${on}: OLLAMA_HOST=${on} ollama pull ${model})` : ''}`, 'then: proofsheet resume'];
    },
  },
  {
    type: 'ollama_unreachable', codes: ['OLLAMA_UNREACHABLE'], pattern: /Ollama (?:is not reachable|unreachable)|:11434.*ECONNREFUSED/i,
    description: 'No Ollama server answered at the configured host.',
    suggest: (f) => [`start Ollama on ${host(f.message) ?? 'the caption host'} (ollama serve), or fix caption.hosts / OLLAMA_HOST`, 'then: proofsheet resume (or proofsheet run --no-caption to review without captions)'],
  },
  {
    type: 'gpu_oom', codes: [], pattern: /CUDA out of memory|CUDA_ERROR_OUT_OF_MEMORY|cudaErrorMemoryAllocation|OutOfMemoryError|out of memory.*(?:GPU|device)/i,
    description: 'The GPU ran out of memory.',
    suggest: () => ['lower quality.proxyMaxEdge or caption slots (caption.hosts[].slots), or free the GPU (nvidia-smi shows what holds it)', 'quality.providers: ["cpu"] runs scoring without the GPU'],
  },
  {
    type: 'cuda_error', codes: [], pattern: /\bCUDA\b.*(?:error|failed)|cuda(?:Error|_ERROR)\w*|CUBLAS_STATUS|CUDNN_STATUS|libcu\w+\.so|Providers_Cuda|providers_cuda/i,
    description: 'The CUDA stack failed (driver, libraries or device).',
    suggest: () => ['npm run setup:gpu fetches the CUDA provider libraries; proofsheet doctor shows which providers load', 'quality.providers: ["cpu"] avoids CUDA'],
  },
  {
    type: 'onnx_runtime', codes: ['SCORING_FAILED'], pattern: /onnxruntime|\bORT\b|\[ONNXRuntimeError\]|InferenceSession|Non-zero status code returned while running/i,
    description: 'ONNX Runtime failed while scoring.',
    suggest: () => ['proofsheet doctor (quality check) shows the provider; proofsheet score <file> reproduces one image', 'proofsheet retry --code SCORING_FAILED after the fix'],
  },
  {
    type: 'timeout', codes: ['CAPTION_TIMEOUT'], pattern: /timed? ?out|ETIMEDOUT|\btimeout\b/i,
    description: 'A request took longer than its watchdog allows.',
    suggest: () => ['check the model host load; raise caption.idleTimeoutSec / caption.hardTimeoutSec if answers are just slow', 'proofsheet retry --code CAPTION_TIMEOUT'],
  },
  {
    type: 'disk_full', codes: ['DISK_FULL'], pattern: /ENOSPC|No space left on device|SQLITE_FULL|disk is full/i,
    description: 'A disk filled up.',
    suggest: (f) => [`free space on the file system holding ${first(f.message, /((?:\/[^\s'",:)]+)+)/) ?? 'data/ and logs/'} (df -h shows how much is left; proofsheet clean removes unreferenced copies)`, 'then: proofsheet resume'],
  },
  {
    type: 'permission_denied', codes: ['PATH_NOT_WRITABLE'], pattern: /EACCES|EPERM|Permission denied|read-only file system|EROFS/i,
    description: 'A file or folder cannot be read or written by this user.',
    suggest: (f) => [`check owner and mode of ${first(f.message, /((?:\/[^\s'",:)]+)+)/) ?? 'the path named above'} (ls -ld)`],
  },
  {
    type: 'database_locked', codes: ['DB_BUSY'], pattern: /SQLITE_BUSY|SQLITE_LOCKED|database is locked/i,
    description: 'Another process held the SQLite database lock.',
    suggest: () => ['proofsheet doctor names the process or run holding the lock', 'then: proofsheet resume'],
  },
  {
    type: 'ftp_auth', codes: ['FTP_AUTH'], pattern: /\b530\b|Login incorrect|authentication failed.*ftp/i,
    description: 'The FTP server refused the login.',
    suggest: (f) => [`check publish.ftp.user${first(f.message, /user ["']?([\w.@-]+)/i) ? ` (${first(f.message, /user ["']?([\w.@-]+)/i)})` : ''} and PROOFSHEET_FTP_PASSWORD for ${host(f.message) ?? 'publish.ftp.host'}`],
  },
  {
    type: 'ftp_connect', codes: ['FTP_CONNECT', 'FTP_TRANSFER'], pattern: /control socket|\b42[156]\b.*(?:FTP|transfer|connection)|FTP.*(?:ECONNREFUSED|ECONNRESET|closed)/i,
    description: 'The FTP connection could not be made or was lost.',
    suggest: (f) => [`check that ${host(f.message) ?? 'publish.ftp.host:port'} answers (proofsheet doctor)`, 'then: proofsheet publish (it continues each row at its journaled step)'],
  },
  {
    type: 'mysql_auth', codes: ['MYSQL_AUTH'], pattern: /ER_ACCESS_DENIED|Access denied for user/i,
    description: 'MySQL refused the login.',
    suggest: (f) => [`check publish.mysql.user${first(f.message, /user '([^']+)'/) ? ` (${first(f.message, /user '([^']+)'/)})` : ''} and PROOFSHEET_MYSQL_PASSWORD`],
  },
  {
    type: 'mysql_schema', codes: ['MYSQL_SCHEMA'], pattern: /ER_NO_SUCH_TABLE|ER_BAD_FIELD|unique key on File_Name|ALTER TABLE/i,
    description: 'The website table is missing, or lacks the unique key on File_Name that the upsert needs.',
    suggest: (f) => [first(f.message, /(ALTER TABLE [^;\n]+;?)/i) ?? 'ALTER TABLE photos_info_revamp ADD UNIQUE KEY uq_file_name (File_Name);', 'then: proofsheet publish'],
  },
  {
    type: 'mysql_connect', codes: ['MYSQL_CONNECT'], pattern: /PROTOCOL_CONNECTION_LOST|ER_CON_COUNT_ERROR|ECONNREFUSED.*3306|Can't connect to MySQL/i,
    description: 'MySQL could not be reached or dropped the connection.',
    suggest: (f) => [`check that MySQL answers at ${host(f.message) ?? 'publish.mysql.host:port'} (proofsheet doctor)`, 'then: proofsheet publish'],
  },
  {
    type: 'filename_collision', codes: ['FILENAME_COLLISION', 'PUBLISH_NAME_TAKEN'], pattern: /name .* (?:is )?(?:taken|held by)|UNIQUE constraint failed: filename_reservations/i,
    description: 'Two photos want the same file name.',
    suggest: (f) => [first(f.message, /(proofsheet [^;.\n]+)/) ?? 'proofsheet names --json shows who holds the name; rename one row (proofsheet publish --row <id> --new-name)'],
  },
  {
    type: 'image_too_large', codes: ['IMAGE_TOO_LARGE'], pattern: /exceeds pixel limit|decompression bomb|too large/i,
    description: 'An image is larger than the pixel limit (possibly a decompression bomb).',
    suggest: () => ['downscale the original, or reject the row (proofsheet reject <id>)'],
  },
  {
    type: 'image_corrupt', codes: ['IMAGE_CORRUPT', 'FILE_NOT_IMAGE', 'IMAGE_UNSUPPORTED', 'FILE_EMPTY', 'FILE_UNREADABLE'], pattern: /premature end|corrupt|truncated|unsupported image format|not an image|VipsJpeg|Invalid SOS/i,
    description: 'An image file cannot be decoded.',
    suggest: () => ['re-export the original (the file name is listed), then add its folder again; or reject the row'],
  },
  {
    type: 'config_invalid', codes: ['CONFIG_INVALID', 'CONFIG_PARSE', 'CONFIG_NOT_FOUND'], pattern: /config(?:uration)? (?:is )?invalid|Unknown key|ZodError/i,
    description: 'The configuration is invalid.',
    suggest: () => ['proofsheet config lists every problem with its dotted path'],
  },
];

/** Classifies one error from its code (preferred: ours are exact) and its text. */
export function classifyError(facts: ErrorFacts): Analysis {
  const text = `${facts.exceptionType ?? ''} ${facts.message}`;
  const byCode = facts.code === null ? undefined : RULES.find((r) => r.codes.includes(facts.code as string));
  const byText = RULES.find((r) => r.pattern !== null && r.pattern.test(text));
  // Our codes are exact, but a GPU failure behind a scoring error is the more useful answer.
  const refines = byCode?.type === 'onnx_runtime' && (byText?.type === 'gpu_oom' || byText?.type === 'cuda_error');
  const rule = refines ? byText : (byCode ?? byText);
  if (!rule) {
    return { error_type: 'unknown', description: 'Not a known failure.', confidence: 0.2, suggestions: ['read the first fatal line and its stack; proofsheet triage --report writes an incident report'] };
  }
  return { error_type: rule.type, description: rule.description, confidence: byCode ? 0.95 : 0.7, suggestions: rule.suggest(facts) };
}
