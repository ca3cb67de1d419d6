/**
 * The appointment check-in board: a domain write and its event in one transaction, a snapshot with
 * the position to subscribe from, and conflicts resolved by the database.
 */
package io.surewire.demo;
