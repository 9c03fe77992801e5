export default function Page() {
  return <p>new-listing</p>;
}
