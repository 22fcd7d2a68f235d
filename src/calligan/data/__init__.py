"""Reading and cleaning data: sources (zip, folder, MNIST IDX) opened as entries, pages decoded and cleaned
of dirt, duplicates found; and the packed dataset the prepare stage writes and every later stage reads."""
