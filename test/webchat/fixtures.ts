/** A real 8×8 PNG (the association's green), for upload tests. */
export const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAgAAAAICAIAAABLbSncAAAAEUlEQVR4nGPgr87BihiGlgQA8OE9geUg8HAAAAAASUVORK5CYII=',
  'base64',
);

/** The start of a PDF file: enough for the type check, which reads the first bytes. */
export const PDF = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');
