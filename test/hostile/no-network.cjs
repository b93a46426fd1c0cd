// Preloaded into the CLI under test: any attempt to open a socket or resolve a name fails loudly.
'use strict';
const net = require('node:net');
const dns = require('node:dns');
const refuse = (what) => () => {
  process.stderr.write(`NETWORK ACCESS ATTEMPTED: ${what}\n`);
  process.exit(99);
};
net.Socket.prototype.connect = refuse('net.Socket.connect');
net.connect = refuse('net.connect');
net.createConnection = refuse('net.createConnection');
dns.lookup = refuse('dns.lookup');
dns.resolve = refuse('dns.resolve');
