/**
 * Hub-wide settings (issue #10), such as the check value that tells a process started with another master
 * key that it cannot unseal this database's secrets. (Document content stays files in the data dir here;
 * PostgreSQL's migration 14 also keeps it in the database, which every hub process shares.)
 */
export const sharedState = `
CREATE TABLE hub_settings (
  name   TEXT PRIMARY KEY,
  value  TEXT NOT NULL
);
`;
