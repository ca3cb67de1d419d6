/**
 * Who may do what (PROTOCOL §7): signed tokens and the topic filters they grant, the allowed
 * origins of WebSocket upgrades, the limit on handshakes per source address, and the operator role
 * of the operations endpoints.
 */
package io.surewire.security;
