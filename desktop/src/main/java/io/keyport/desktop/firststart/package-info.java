/** The first start of the bundled server: the user chooses the first admin's password. */
package io.keyport.desktop.firststart;
