/**
 * Which files an event may make Faultline read when it is shown (source context from disk, the files
 * and maps of JavaScript source processing). An event's `abs_path` is whatever its sender wrote, and
 * anyone can send one (Spotlight's `/stream` takes events from any web page): were any file read, an
 * event naming `~/.ssh/id_rsa` or `~/.aws/credentials` would put its lines on the event page and in
 * the Sentry API's event JSON (which editor plugins and AI agents read). Sentry itself only fetches
 * public URLs; Faultline reads this machine's files for the developer's own app, so it reads what an
 * app's stack trace names: source code by its extension, and `.map` files for source maps.
 */
import path from 'node:path';

/**
 * Source code and templates of the platforms Sentry's SDKs report frames for. Not data or
 * configuration (`.json`, `.yaml`, `.env`, `.pem` …), nor files without an extension.
 */
const SOURCE_EXTENSIONS = new Set(
  [
    // JavaScript and what compiles to it
    'js mjs cjs jsx ts mts cts tsx vue svelte astro coffee litcoffee elm res resi re rei cljs dart purs hx gleam civet marko mdx',
    // pages and templates (inline scripts, Django/Jinja, Rails, Laravel, JSP, Razor, Phoenix …)
    'html htm xhtml ejs hbs handlebars mustache pug jade njk liquid erb haml slim jinja jinja2 j2 twig tpl cshtml razor jsp jspx gsp ftl vm eex heex leex',
    // Python, Ruby, PHP, Perl, Lua, R, shells
    'py pyw pyx pxd pyi rb rake ru php phtml inc pl pm lua r sh bash zsh ps1',
    // JVM, .NET, Go, Rust, Swift, native
    'java kt kts scala sc groovy clj cljc cs fs fsx vb go rs swift c h cc cpp cxx hh hpp hxx inl m mm zig nim cr',
    // Elixir, Erlang, Haskell, OCaml, Julia, Godot
    'ex exs erl hrl hs ml mli jl gd',
  ]
    .join(' ')
    .split(' ')
    .map((extension) => `.${extension}`),
);

/** The extension of a file's path or a URL's pathname (Windows' separators too), in lower case. */
function extensionOf(pathname: string): string {
  return path.posix.extname(pathname.replaceAll('\\', '/')).toLowerCase();
}

/** A file of source code or a template, as an app's stack trace names them. */
export function isSourceCodePath(pathname: string): boolean {
  return SOURCE_EXTENSIONS.has(extensionOf(pathname));
}

/** A source map (`app.js.map`). */
export function isSourceMapPath(pathname: string): boolean {
  return extensionOf(pathname) === '.map';
}

/** Why a file was not read, in the words a processing error or a note shows. */
export const NOT_SOURCE_CODE =
  'only source code (.js, .ts, .py …) and source maps (.map) are read, not other files';
