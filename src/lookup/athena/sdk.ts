/**
 * The pieces of the Athena client the library uses, behind one module that the Athena source imports
 * dynamically: hosts that never configure Athena never load it, and the one-file bundle holds none of it.
 */
/** @public (used through the dynamic import's namespace) */
export { AthenaClient, GetQueryExecutionCommand, GetQueryResultsCommand, GetTableMetadataCommand, StartQueryExecutionCommand, StopQueryExecutionCommand } from '@aws-sdk/client-athena';
