/**
 * The wire protocol of Surewire, version 1: frame records, the JSON codec with its validation, and
 * the close codes. Plain Java with no container types, shared by the server and the Java client.
 */
package io.surewire.protocol;
