/** nunjucks' slim runtime: the package's own API without its lexer, parser and compiler. */
declare module "nunjucks/browser/nunjucks-slim.js" {
  import nunjucks from "nunjucks";
  export default nunjucks;
}
