// `prisma generate` reads the datasource url from the environment even though the client
// never uses it (it runs on the pg driver adapter); give it a placeholder when none is set.
const { execFileSync } = require('node:child_process');

const env = { ...process.env, DATABASE_URL: process.env.DATABASE_URL || 'postgresql://placeholder@localhost/astor' };
execFileSync(process.execPath, [require.resolve('prisma/build/index.js'), 'generate'], { stdio: 'inherit', env });
