/**
 * Connection profiles: the servers the console knows (the bundled one and remote ones), stored as
 * JSON in the user's config folder without passwords, and the OkHttp client each one gets.
 */
package io.keyport.desktop.profiles;
