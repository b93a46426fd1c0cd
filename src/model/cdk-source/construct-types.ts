import type { ReadContext } from './props.js';
import type { ConstructValue, Entry, Located, Value } from './values.js';

/** What a construct's handler can ask of the reader beyond reading values. */
export interface HandlerContext extends ReadContext {
  /** Creates a library construct under `scope`, as a construct's own code would (a Solutions Construct's parts). */
  child(scope: ConstructValue, id: string, type: string, props: Value, at: Located): ConstructValue;
}

/**
 * A library construct the reader models: its family (which methods it has, what its attributes
 * mean) and what creating it adds to the model. `args` are the constructor's arguments, scope and
 * id included.
 */
export interface ConstructType {
  family: string;
  create?: (self: ConstructValue, args: Entry[], context: HandlerContext) => void;
}

/**
 * A method of a family (`function#addEventSource`): what calling it adds, and what it returns.
 * `self` is the construct, or the REST API resource or state chain the method was called on.
 */
export type MethodHandler = (self: Value, args: Entry[], at: Located, context: HandlerContext) => Value;
