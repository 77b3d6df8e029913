/** The call pipeline moved to src/pipeline/ (one path for every door); kept as a re-export for older imports. */
export { CallPipeline, errorResult, isPlainObject, writesDisabledMessage, describeRequest, type CallContext, type CompileFn, type PipelineDeps, type Validator } from "../pipeline/index.js";
