"""The prepare stage: a raw dataset (zip, folder, MNIST IDX) read, cleaned and packed by `stage.run`."""
