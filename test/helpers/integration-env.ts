// Integration tests call route handlers in process; they need what `npm start` would set.
process.env.NEXTAUTH_SECRET ??= "integration-test-secret-0123456789";
process.env.NEXTAUTH_URL ??= "http://localhost:3000";
process.env.HOMEOSTAT_LOG_LEVEL ??= "error";
