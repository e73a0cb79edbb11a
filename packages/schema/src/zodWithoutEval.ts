/**
 * Tells zod never to compile parsers with `new Function`. The web app's Content-Security-Policy
 * forbids eval, and zod's probe for it, made when the first object schema is built, is reported
 * as a violation even though zod catches the refusal. Every file that builds a schema (here, in
 * the sandbox, in the campaign engine) imports this one first, so the order in which an app
 * imports the packages cannot matter. (Interpreted parsing costs nothing that shows: records are
 * small.)
 */
import { config } from 'zod';

config({ jitless: true });
