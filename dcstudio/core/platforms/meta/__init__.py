"""Meta (Facebook, Instagram): the Marketing API export bundle and the publisher."""
