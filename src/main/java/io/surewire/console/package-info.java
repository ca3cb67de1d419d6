/**
 * The operator console (/console/): Jakarta Faces pages with PrimeFaces over the ops, delivery and
 * stream boundaries, behind a form login in the role operator.
 */
package io.surewire.console;
